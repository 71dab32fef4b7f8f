"""The models: trust, segments, the referral tree, the portfolio and its units."""
