"""What happens over time: flagging due claims, digests, outbox delivery."""
