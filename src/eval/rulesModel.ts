// The name under which eval scores the rule-based engine like a model: the baseline every model must beat.
export const RULES_MODEL = 'rules';
