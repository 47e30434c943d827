"""Meet-me conferences: the bridges a user may host on, the conferences they host, and each
conference's settings, delegates, recordings and greeting (contract §5.8).

- declaration: the feature and the people's words of a conference's form;
- reading: what is read from the platform;
- forms: the generated form and its checks; delegates: who may be one;
- views: the pages, for staff and on the user's own portal.
"""

from portal.features.conferences.declaration import CONFERENCES

__all__ = ["CONFERENCES"]
