// Where list_related_alerts gets alerts from: anything that can list the normalised Alerts (AlertManager, a file…).
import type { Alert } from '../alerts/alert.js';

export interface AlertSource {
  listAlerts(): Promise<Alert[]>;
}
