# Notify a receiving service whenever an outbound text has been sent. CallFire signs each
# notification with the secret (header X-CallFire-Signature), so the receiver can reject
# anything that did not come from CallFire.
variable "webhook_secret" {
  description = "Key CallFire signs notifications with; the receiver verifies with the same key."
  type        = string
  sensitive   = true
}

resource "callfire_webhook" "texts_sent" {
  name     = "Outbound texts sent"
  resource = "OutboundText"
  events   = ["Finished"]
  callback = "https://hooks.example.com/callfire/texts"
  secret   = var.webhook_secret

  # Only the fields the receiver uses, to keep notifications small.
  fields = "id,fromNumber,toNumber,finalTextResult"
}

# Follow the lifecycle of voice broadcasts on an internal endpoint with a self-signed
# certificate.
resource "callfire_webhook" "broadcasts" {
  name           = "Voice broadcast lifecycle"
  resource       = "CallBroadcast"
  events         = ["Started", "Stopped", "Finished"]
  callback       = "https://callfire-receiver.internal.example.com/broadcasts"
  non_strict_ssl = true
}

# Keep the signing secret out of plan and state: secret_wo is write-only (Terraform 1.11 or
# later). It comes from an ephemeral variable here; bump secret_wo_version to send a new one.
variable "contact_list_secret" {
  type      = string
  sensitive = true
  ephemeral = true
}

resource "callfire_webhook" "contact_lists" {
  name              = "Contact list validation"
  resource          = "ContactList"
  events            = ["ValidationFinished", "ValidationFailed"]
  callback          = "https://hooks.example.com/callfire/contact-lists"
  secret_wo         = var.contact_list_secret
  secret_wo_version = 1
}
