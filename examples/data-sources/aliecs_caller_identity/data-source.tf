data "aliecs_caller_identity" "current" {}

# Stop before acting on the wrong account.
check "production_account" {
  assert {
    condition     = data.aliecs_caller_identity.current.account_id == "1234567890123456"
    error_message = "These credentials belong to account ${data.aliecs_caller_identity.current.account_id}, not production."
  }
}

output "caller_arn" {
  value = data.aliecs_caller_identity.current.arn
}
