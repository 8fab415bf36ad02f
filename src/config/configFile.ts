// The config file, through conf: under the user's config folder; KOPILOT_CONFIG_DIR moves it (tests, portable setups).
import Conf from 'conf';

export function openConfigFile(env: NodeJS.ProcessEnv = process.env): Conf<Record<string, unknown>> {
  return new Conf<Record<string, unknown>>({
    projectName: 'kopilot',
    projectSuffix: '',
    cwd: env.KOPILOT_CONFIG_DIR,
    configName: 'config',
  });
}
