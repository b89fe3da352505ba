# Have CallFire POST a JSON notification each time an outbound text has been sent
# (the example from CallFire's create-subscription documentation).
resource "callfire_subscription" "texts_sent" {
  endpoint            = "https://callback-service.com/listener"
  notification_format = "JSON"
  trigger_event       = "OUTBOUND_TEXT_FINISHED"
}

# Only inbound texts that carry the keyword JOIN on short code 67076, for one broadcast.
resource "callfire_subscription" "keyword_join" {
  endpoint      = "https://hooks.example.com/callfire/join"
  trigger_event = "INBOUND_TEXT_FINISHED"

  filter = {
    broadcast_id = 567040003
    to_number    = "67076:JOIN"
  }
}

# E-mail the operations team when any campaign finishes; disabled until the campaign
# season starts.
resource "callfire_subscription" "campaigns_finished" {
  endpoint            = "ops@example.com"
  notification_format = "EMAIL"
  trigger_event       = "CAMPAIGN_FINISHED"
  enabled             = false
}
