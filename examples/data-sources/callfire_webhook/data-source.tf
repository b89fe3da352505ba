# Look up a webhook created in the CallFire UI by its exact name, e.g. to check where it
# delivers. Use id = "11646003" instead when the name is not unique.
data "callfire_webhook" "texts_sent" {
  name = "Outbound texts sent"
}

output "texts_sent_callback" {
  value = data.callfire_webhook.texts_sent.callback
}

output "texts_sent_enabled" {
  value = data.callfire_webhook.texts_sent.enabled
}
