import factory

from insikt.models import Organisation, Role, User


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name", locale="sv_SE")
    last_name = factory.Faker("last_name", locale="sv_SE")
    organisation = factory.LazyFunction(lambda: Organisation.objects.get(code=Organisation.AF))
    role = Role.CASEWORKER
    password = factory.django.Password("insikt-demo")
