# Terraform 1.5 and later can import in configuration, then plan and apply as usual.
import {
  to = callfire_webhook.texts_sent
  id = "11646003"
}
