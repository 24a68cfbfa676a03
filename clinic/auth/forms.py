from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, StringField
from wtforms.validators import DataRequired, Email, Length


class LoginForm(FlaskForm):
    email = EmailField("Email", validators=[DataRequired(), Length(max=254)])
    password = PasswordField("Password", validators=[DataRequired(), Length(max=256)])


class ChangePasswordForm(FlaskForm):
    current = PasswordField("Current password", validators=[DataRequired()])
    password = PasswordField(
        "New password", validators=[DataRequired()], description="At least 12 characters."
    )
    confirm = PasswordField("New password again", validators=[DataRequired()])


class NewUserForm(FlaskForm):
    name = StringField("Name", validators=[DataRequired(), Length(max=120)])
    email = EmailField(
        "Email", validators=[DataRequired(), Email(check_deliverability=False), Length(max=254)]
    )
    password = PasswordField(
        "Initial password",
        validators=[DataRequired()],
        description="At least 12 characters. They choose their own at first sign-in.",
    )
    confirm = PasswordField("Initial password again", validators=[DataRequired()])
    is_admin = BooleanField("Clinic admin (manages accounts and the audit log)")


class CodeForm(FlaskForm):
    """The sign-in code: from the authenticator app, or a recovery code."""

    code = StringField("Code", validators=[DataRequired(), Length(max=40)])


class AppCodeForm(FlaskForm):
    """A code from the authenticator app, to confirm a change to two-factor sign-in."""

    code = StringField(
        "Code from your app",
        validators=[DataRequired(), Length(max=40)],
        render_kw={"inputmode": "numeric"},
    )
