# Every enabled webhook watching text broadcasts, across all of CallFire's pages.
data "callfire_webhooks" "text_broadcasts" {
  resource = "TextBroadcast"
  enabled  = true
}

output "text_broadcast_callbacks" {
  value = { for w in data.callfire_webhooks.text_broadcasts.webhooks : w.name => w.callback }
}

# Webhooks that deliver over plain http://, which CallFire advises against.
data "callfire_webhooks" "all" {}

output "insecure_webhooks" {
  value = [for w in data.callfire_webhooks.all.webhooks : w.id if startswith(w.callback, "http://")]
}
