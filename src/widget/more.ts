import { mountComments } from './comments/mount';
import { follow } from './live';
import { voter } from './vote';

/** more.js's own script element, carrying what it hands the poll script once it has run. */
export type MoreScript = HTMLScriptElement & { more: More };

/** What more.js hands the poll script. */
export interface More {
  mountComments: typeof mountComments;
  voter: typeof voter;
  follow: typeof follow;
}

/**
 * Entry of more.js, everything the first render of a poll does not need: the vote flow, the
 * comment section and the live tally. The poll script loads it once per page, when a poll
 * nears the viewport or at the first vote, and reads it from the script element that loaded
 * it once that has run (its `load` event): the code is handed over without a global.
 */
const more: More = {
  mountComments,
  voter,
  follow,
};
(document.currentScript as MoreScript).more = more;
