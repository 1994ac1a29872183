export { createEditorExtensions, type CollaborationOptions, type EditorExtensionOptions } from "./extensions";
export { SectionHeading, SECTION_MARKERS, matchSectionMarker } from "./section-heading";
export {
  SectionIds,
  sectionIdsPlugin,
  sectionIdsKey,
  sectionIdRepairTransaction,
  repairSectionIds,
  collectHeadings,
  isYjsOriginTransaction,
  type HeadingRef,
  type KeeperPreference,
} from "./section-ids";
export {
  SectionNumbering,
  sectionNumberingPlugin,
  sectionNumberingKey,
  sectionNumberingDecorations,
  sectionLabelsOf,
  type SectionLabelSpec,
} from "./section-numbering";
export { SectionMove, moveSection, canMoveSection } from "./section-move";
export { topLevelSections, blockInfoOfNode, positionOfBlock, type TopLevelSections } from "./blocks";
