// Components and helpers shared by the phone app (src/app) and the coordinator console
// (src/console). May import src/domain, preact and i18next only (eslint boundary).
export { FieldValues, type RenderLinks } from './FieldValues';
export { applies, filledFieldsOf, isFilled, regionText, type Payload } from './fields';
export {
  formatDate,
  formatNumber,
  formatShortDate,
  localeTag,
  t,
  UI_NAMESPACE,
  useT,
} from './i18n';
export {
  exportRow,
  renderSummary,
  summaryText,
  type ExportCell,
  type SummaryOptions,
  type Translate,
} from './summary';
