from rest_framework.routers import SimpleRouter

from claims.api import views

router = SimpleRouter()
router.register("claims", views.ClaimViewSet, basename="claim")
router.register("outcomes", views.OutcomeViewSet, basename="outcome")
router.register("articles", views.ArticleViewSet, basename="article")
router.register("authors", views.AuthorViewSet, basename="author")
router.register("publications", views.PublicationViewSet, basename="publication")
router.register("tags", views.TagViewSet, basename="tag")
router.register("intake", views.IntakeViewSet, basename="intake")

urlpatterns = router.urls
