import type { PhotoNotice } from './decode-photo';

/** Returns the sentence the photo preview shows for a notice. */
export function noticeText(notice: PhotoNotice): string {
  switch (notice.kind) {
    case 'animated':
      return 'This is an animated image, so only its first frame is analysed.';
    case 'wide-crop':
      return (
        `Only the centred square of this photo, ${notice.side} x ` +
        `${notice.side} pixels, is analysed, so make sure the lesion is in ` +
        'the middle.'
      );
    case 'downscaled':
      return (
        `The photo was scaled down to ${notice.width} x ${notice.height} ` +
        'pixels for analysis.'
      );
  }
}
