data "aliecs_caller_identity" "current" {}

# Warn at every plan when these credentials are not the production account's (a check block warns; to stop the
# run, use a precondition on a resource instead).
check "production_account" {
  assert {
    condition     = data.aliecs_caller_identity.current.account_id == "1234567890123456"
    error_message = "These credentials belong to account ${data.aliecs_caller_identity.current.account_id}, not production."
  }
}

output "caller_arn" {
  value = data.aliecs_caller_identity.current.arn
}
