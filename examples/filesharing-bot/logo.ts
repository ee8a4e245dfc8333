/** A 16×16 PNG (an orange square with a white cross) for the file-sharing bot to share. */
export const LOGO_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAIAAACQkWg2AAAASklEQVR42mP4DwRpDMSi//+hFJGqgSQKh6BqJA349SBJ4ZTAJUhAGtMIvA7AZiFuR+PwElU0kOYk0jxNWrCSFnGkJQ3SEh+JyRsAxs+YEHbaS24AAAAASUVORK5CYII=',
  'base64',
);
