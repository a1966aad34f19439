import { string } from '../schema/schema.js';

/** Names of services, controllers, zones and hosts. */
export const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

/** A name field. */
export const nameSchema = string({ pattern: NAME_PATTERN, form: 'a name of letters, digits, ".", "_" or "-"' });
