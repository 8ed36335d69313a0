"""Decision notices: the letter a person receives, generated from a stored decision.

* :mod:`.content`: what the notice states (reasons with facts and law, safeguards, appeal, next steps);
* :mod:`.render`: HTML per program family (Jinja2 templates, English and Danish catalogues) and PDF;
* :mod:`.models`, :mod:`.service`: notices stored with the decision, appeals lodged, decisions made final;
* :mod:`.api`: ``/api/v1/decisions/{id}/notices`` and friends.
"""
