import { mountComments } from './mount';

/**
 * Entry of comments.js, the lazily loaded comment section. The poll script loads it when a
 * section nears the viewport and listens for this event, which hands over the mount function
 * without setting a global.
 */
document.dispatchEvent(new CustomEvent('tanggap:c', { detail: mountComments }));
