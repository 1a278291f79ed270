import { mountComments } from './comments/mount';
import { follow } from './live';
import { voter } from './vote';

/** What more.js hands the poll script. */
export interface More {
  mountComments: typeof mountComments;
  voter: typeof voter;
  follow: typeof follow;
}

/**
 * Entry of more.js, everything the first render of a poll does not need: the vote flow, the
 * comment section and the live tally. The poll script loads it once per page, when a poll
 * nears the viewport or at the first vote (src/widget/chunk.ts), and this event hands the code
 * over without setting a global.
 */
const more: More = {
  mountComments,
  voter,
  follow,
};
document.dispatchEvent(new CustomEvent('tanggap:more', { detail: more }));
