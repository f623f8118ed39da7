// The records module, lazy-loaded by the shell: forms, lists, detail with triage, contacts.
// Only the shell's dynamic import reaches this file, so none of it is in the first-load chunk.
import './records.css';

export { RecordListScreen } from './list/RecordListScreen';
export { RecordFormScreen } from './form/RecordFormScreen';
export { RecordDetailScreen } from './detail/RecordDetailScreen';
export { SearchScreen } from './search/SearchScreen';
export { ContactsScreen } from './contacts/ContactsScreen';
