# Every subscription notified when an inbound call finishes, across all of CallFire's pages.
data "callfire_subscriptions" "inbound_calls" {
  trigger_event = "INBOUND_CALL_FINISHED"
}

output "inbound_call_endpoints" {
  value = [for s in data.callfire_subscriptions.inbound_calls.subscriptions : s.endpoint]
}

# How close the account is to CallFire's limit of 10,000 subscriptions.
data "callfire_subscriptions" "all" {}

output "subscription_count" {
  value = length(data.callfire_subscriptions.all.subscriptions)
}
