# What CallFire's webhooks can watch, and the events of each resource.
data "callfire_webhook_resources" "all" {}

output "webhook_events" {
  value = { for r in data.callfire_webhook_resources.all.resources : r.resource => r.supported_events }
}

# Just one resource.
data "callfire_webhook_resources" "contact_list" {
  resource = "ContactList"
}

output "contact_list_events" {
  value = data.callfire_webhook_resources.contact_list.resources[0].supported_events
}
