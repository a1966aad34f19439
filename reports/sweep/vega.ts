/** What the sweep report's Vega-Lite charts share. */
import type { Field } from 'vega-lite/types_unstable/channeldef.js';
import type { LayerSpec } from 'vega-lite/types_unstable/spec/layer.js';
import type { UnitSpec } from 'vega-lite/types_unstable/spec/unit.js';

/** The Vega-Lite schema every chart spec names. */
export const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

/** One layer of a layered chart. */
export type Layer = LayerSpec<Field> | UnitSpec<Field>;
