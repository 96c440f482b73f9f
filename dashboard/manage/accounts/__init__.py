"""The CM account pages under /manage/accounts/ and the services they (and the commands)
use; the model is ``dashboard.accounts.models.CMAccount``."""
