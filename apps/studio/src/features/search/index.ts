/**
 * The search feature: find text across the workspace's buffers (unsaved edits included),
 * results grouped by file in the side bar.
 *
 * Provides: `SearchView`, and `searchBuffers`, the search itself as plain data.
 * Needs: the store's buffers, and `reveal` to show a match.
 */
export { SearchView } from './SearchView.tsx';
export { searchBuffers } from './search.ts';
