import type { Sample } from '../../api/types.ts';

/** What the editor knows of a sample's risk of showing patient data in its pixels. */
export type SampleRisk = Pick<
  Sample,
  | 'id'
  | 'set_id'
  | 'package_id'
  | 'burned_in_annotation_risk'
  | 'suspected_text'
  | 'text_scan_status'
>;

/** OCR found text in the pixels, or the DICOM says (or its kind suggests) data may be burned in. */
export function hasBurnedInRisk(sample: SampleRisk): boolean {
  return sample.suspected_text || sample.burned_in_annotation_risk;
}
