"""Channels, channel requests, channel types and the inbound configuration of a channel.

The pages support staff live in: what the account has ("Get your channels"), where each
channel request stands, what a channel type costs (and requesting one), and a channel's five
inbound configuration elements with their inline add, edit and delete.
"""
