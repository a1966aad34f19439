/**
 * What the consensus and coordination models need from a network: one-way
 * messages between named hosts. `deliver` runs at the receiver when the
 * message arrives, or never if it is dropped. sim/network's `Network`
 * satisfies it as is (its `send` returns what happened to the message,
 * which these models do not need).
 */
export interface Transport {
  /** Sends a message from `from` to `to`; `deliver` runs on arrival. */
  send(from: string, to: string, deliver: () => void): unknown;
}
