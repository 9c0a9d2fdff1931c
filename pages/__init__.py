"""The public face: server-rendered pages for readers (home, claims, claimants, leaderboard, search)."""
