"""refdash: a referral-readiness dashboard for sales leads."""
