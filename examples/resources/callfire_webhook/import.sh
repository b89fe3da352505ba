# A webhook is imported by CallFire's numeric id. CallFire never returns the secret, so after
# import set secret (or secret_wo) in the configuration: the next plan shows it being set in
# place.
terraform import callfire_webhook.texts_sent 11646003
