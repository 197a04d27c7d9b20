"""Routes for push subscriptions."""
