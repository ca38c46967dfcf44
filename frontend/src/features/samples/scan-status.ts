import type { TextRegions } from '../../api/types.ts';

/** What a sample's OCR scan means for the person reviewing it, in one sentence. */
export function scanStatusText(result: Pick<TextRegions, 'status' | 'regions'>): string {
  switch (result.status) {
    case 'pending':
      return 'Waiting for OCR to read this image…';
    case 'done':
      return result.regions.length === 0
        ? 'OCR found no text in this image.'
        : `OCR found ${result.regions.length} line${result.regions.length === 1 ? '' : 's'} of text (outlined).`;
    case 'failed':
      return 'The OCR scan of this image failed.';
    case 'not_needed':
      return 'Not scanned: the DICOM file says it has no burned-in annotation.';
    case 'not_scanned':
      return 'Not scanned: OCR is off on this server.';
  }
}
