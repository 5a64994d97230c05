export { PersonName, PersonNames } from './PersonName';
