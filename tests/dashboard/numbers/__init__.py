"""Tests of the numbers app: phone numbers, number types and requests, keyword claims."""
