/** Upper bounds on event fields; they keep one hostile agent from filling the collector. */
export const MAX_USER_CHARS = 256;
export const MAX_SHORT_TEXT_CHARS = 256;
export const MAX_TEXT_CHARS = 4096;
/** An event's serialized size, checked by the collector before it stores the event. */
export const MAX_EVENT_BYTES = 256 * 1024;
/** Latest event time accepted (1 January 2200): times beyond it are clock errors or hostile. */
export const MAX_EVENT_TIME_MS = Date.UTC(2200, 0, 1);
