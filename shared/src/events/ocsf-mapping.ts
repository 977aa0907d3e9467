import { EVENT_TYPES } from './event.js';

/**
 * The event-type to OCSF mapping as a Markdown table, generated into docs/ocsf-mapping.md so the
 * record can never disagree with the code (a test compares them).
 */
export function ocsfMappingMarkdown(): string {
  const rows = EVENT_TYPES.map(
    (d) => `| \`${d.type}\` | ${d.ocsf.className} (${d.ocsf.classUid}) | ${d.ocsf.categoryUid} | ${d.ocsf.activityName} (${d.ocsf.activityId}) | ${d.description} |`,
  );
  return [
    '# Event types and their OCSF classes',
    '',
    'Generated from `shared/src/events` by `npm run generate`; do not edit by hand.',
    '',
    'Every Sluice event carries `id` (UUIDv7 made on the device), `deviceId`, `user`, `time` (OCSF `time`,',
    'milliseconds since the epoch), `type` and a `payload` validated per type. The SIEM export renders each',
    'type into the OCSF class below: `class_uid`, `category_uid`, `activity_id`, and',
    '`type_uid = class_uid * 100 + activity_id`. Activity 99 is OCSF\'s "Other", named by `activity_name`.',
    '',
    '| Sluice type | OCSF class (class_uid) | category_uid | activity (activity_id) | Meaning |',
    '|---|---|---|---|---|',
    ...rows,
    '',
  ].join('\n');
}
