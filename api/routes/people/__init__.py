"""Routes for people: sign-in, user accounts, carers and leave."""
