// Where list_related_alerts gets alerts from: the alerts area's AlertSource (AlertManager, a file, a scenario).
export type { AlertSource } from '../alerts/alertSource.js';
