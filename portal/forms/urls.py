app_name = "forms"

urlpatterns: list = []
