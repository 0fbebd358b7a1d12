"""Emergent themes: BERTopic clusters of segments, whether a code covers them, views and plots."""
