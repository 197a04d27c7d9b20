"""Routes for clients, their care plans and their defaults."""
