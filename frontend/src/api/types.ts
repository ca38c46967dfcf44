import type { components } from './schema';

/** Short names for the API's schemas (generated in schema.d.ts). */
type Schemas = components['schemas'];

export type User = Schemas['UserRead'];
export type Role = Schemas['Role'];
export type Group = Schemas['GroupOut'];
export type GroupStats = Schemas['GroupStats'];
export type Member = Schemas['MemberOut'];
export type SetType = Schemas['SetType'];
export type AnnotationSet = Schemas['SetOut'];
export type SetStats = Schemas['SetStats'];
export type Label = Schemas['LabelOut'];
export type Sample = Schemas['SampleOut'];
export type Package = Schemas['PackageOut'];
export type MyPackage = Schemas['MyPackageOut'];
export type WorkPackage = Schemas['MyWorkPackageOut'];
export type Overview = Schemas['Overview'];
export type SetOverview = Schemas['SetOverview'];
export type StoryEntry = Schemas['StoryEntryOut'];
export type PackageDetail = Schemas['PackageDetail'];
export type Examination = Schemas['ExaminationOut'];
export type Box = Schemas['BoxOut'];
export type ApiToken = Schemas['TokenRead'];
export type CreatedApiToken = Schemas['TokenCreated'];
export type UploadResult = Schemas['UploadResult'];
export type Rejection = Schemas['Rejection'];
export type TextRegions = Schemas['TextRegionsOut'];
export type TextRegion = Schemas['TextRegionOut'];
export type MaskRegion = Schemas['MaskRegion'];
