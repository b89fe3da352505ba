# Read a subscription made outside Terraform by its CallFire id.
data "callfire_subscription" "legacy_listener" {
  id = "609951003"
}

output "legacy_listener" {
  value = {
    endpoint      = data.callfire_subscription.legacy_listener.endpoint
    trigger_event = data.callfire_subscription.legacy_listener.trigger_event
    enabled       = data.callfire_subscription.legacy_listener.enabled
  }
}
