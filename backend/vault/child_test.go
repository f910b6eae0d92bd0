package vault_test

const childEnv = "SECONDBRAIN_VAULT_CHILD"

func childMain() int { return 0 }
