// What the feed (contract v2) brings to the phone, for the screens: review state and note,
// notices and unread answers on home, the district directory in the contacts screen.
export { ReviewBadge } from './ReviewBadge';
export { CorrectionNote, ReviewPanel, useReviewNote } from './ReviewPanel';
export { HomeFeed } from './HomeFeed';
export { DirectorySection } from './DirectorySection';
export { useReview, useReviews, useUnreadReviews, useNotices, useDirectory } from './hooks';
export { SyncBadge } from './SyncBadge';
