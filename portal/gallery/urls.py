from django.urls import path

from portal.gallery import views

app_name = "gallery"

urlpatterns = [
    path("", views.definition_list_view, name="definition_list"),
    path("<str:name>/<str:method>/", views.definition_form_view, name="definition_form"),
    path("<str:name>/<str:method>/block/", views.definition_block_view, name="definition_block"),
    path("<str:name>/<str:method>/row/", views.definition_row_view, name="definition_row"),
]
