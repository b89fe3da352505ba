# The configuration `make demo` applies to the mock CallFire. It reads like a small real
# setup: webhooks for text, broadcast and contact-list events, and two API v1.1
# subscriptions. Point the provider at a real account (see README.md) and it works unchanged.

terraform {
  required_version = ">= 1.11"

  required_providers {
    callfire = {
      source = "callfire/callfire"
    }
  }
}

# Credentials and base URLs come from CALLFIRE_USERNAME, CALLFIRE_PASSWORD,
# CALLFIRE_V2_BASE_URL and CALLFIRE_V1_BASE_URL; demo.sh sets them for the mock.
provider "callfire" {}

variable "receiver_url" {
  description = "HTTPS endpoint that receives CallFire's notifications."
  type        = string
  default     = "https://callback-service.com/listener"
}

variable "webhook_secret" {
  description = "Key CallFire signs text notifications with (stored in state, sensitive)."
  type        = string
  sensitive   = true
}

variable "delivery_secret" {
  description = "Key for delivery reports; write-only, so it never reaches the state."
  type        = string
  sensitive   = true
  ephemeral   = true
}

variable "delivery_secret_version" {
  description = "Raise to send a rotated delivery_secret to CallFire."
  type        = number
  default     = 1
}

variable "keyword_broadcast_id" {
  description = "Text broadcast whose keyword replies are forwarded."
  type        = number
  default     = 11646003
}

# Every outbound text that finishes, signed with a secret the receiver verifies.
resource "callfire_webhook" "texts_finished" {
  name     = "Outbound texts finished"
  resource = "OutboundText"
  events   = ["Finished"]
  callback = var.receiver_url
  secret   = var.webhook_secret

  # Only what the receiver stores, to keep payloads small.
  fields = "id,fromNumber,toNumber,finalTextResult"
}

# Call broadcasts starting and finishing, for the operations dashboard.
resource "callfire_webhook" "broadcast_lifecycle" {
  name     = "Call broadcast lifecycle"
  resource = "CallBroadcast"
  events   = ["Started", "Finished"]
  callback = "${var.receiver_url}/broadcasts"
}

# Contact list uploads: tell the importer whether validation passed.
resource "callfire_webhook" "contact_list_validation" {
  name     = "Contact list validation"
  resource = "ContactList"
  events   = ["ValidationFinished", "ValidationFailed"]
  callback = "${var.receiver_url}/contact-lists"
}

# Delivery reports, signed with a write-only secret (Terraform 1.11+).
resource "callfire_webhook" "delivery_reports" {
  name     = "Text delivery reports"
  resource = "OutboundTextDeliveryReport"
  events   = ["Received"]
  callback = "${var.receiver_url}/delivery"
  enabled  = false

  secret_wo         = var.delivery_secret
  secret_wo_version = var.delivery_secret_version
}

# The API v1.1 subscription from CallFire's security guide.
resource "callfire_subscription" "text_results" {
  endpoint            = var.receiver_url
  notification_format = "JSON"
  trigger_event       = "OUTBOUND_TEXT_FINISHED"
}

# Replies to the keyword KEYWORD on short code 67076, for one broadcast only.
resource "callfire_subscription" "keyword_replies" {
  endpoint            = "${var.receiver_url}/keywords"
  notification_format = "JSON"
  trigger_event       = "INBOUND_TEXT_FINISHED"

  filter = {
    broadcast_id = var.keyword_broadcast_id
    to_number    = "67076:KEYWORD"
  }
}

output "webhook_ids" {
  description = "CallFire ids of the webhooks, by purpose."
  value = {
    texts_finished          = callfire_webhook.texts_finished.id
    broadcast_lifecycle     = callfire_webhook.broadcast_lifecycle.id
    contact_list_validation = callfire_webhook.contact_list_validation.id
    delivery_reports        = callfire_webhook.delivery_reports.id
  }
}

output "subscription_ids" {
  description = "CallFire ids of the API v1.1 subscriptions."
  value = {
    text_results    = callfire_subscription.text_results.id
    keyword_replies = callfire_subscription.keyword_replies.id
  }
}

# What CallFire lets webhooks watch, read live from the API.
data "callfire_webhook_resources" "catalog" {}

# The text webhooks as CallFire lists them, read after they exist.
data "callfire_webhooks" "text_hooks" {
  resource = "OutboundText"

  depends_on = [callfire_webhook.texts_finished]
}

output "supported_events" {
  description = "Events each webhook resource supports, from callfire_webhook_resources."
  value = {
    for r in data.callfire_webhook_resources.catalog.resources :
    r.resource => sort(tolist(r.supported_events))
  }
}

output "text_webhook_names" {
  description = "Names of the OutboundText webhooks CallFire lists."
  value       = [for w in data.callfire_webhooks.text_hooks.webhooks : w.name]
}
