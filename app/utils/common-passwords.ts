/**
 * A small bundled list of the passwords (and password stems) people pick most, from public
 * breach-frequency lists, plus local favourites. A password is refused when it is one of these,
 * or one of these followed by digits or punctuation ("Password2024!").
 */
export const COMMON_PASSWORDS = new Set(
  `
password passw0rd p@ssword p@ssw0rd passwordpassword password1 qwerty qwertyuiop qwertyuiopas qwerty123456 qwertz
asdfgh asdfghjkl asdfghjklzxc zxcvbnm zxcvbnmasdfg 1q2w3e4r 1q2w3e4r5t6y 1qaz2wsx 1qaz2wsx3edc zaq12wsx zaq12wsxcde3
123456789012 1234567890ab 123123123123 111111111111 000000000000 121212121212 123456123456 987654321098 abcdefghijkl
abc123abc123 abcd1234abcd letmein letmeinplease welcome welcometo welcomehome iloveyou iloveyouforever admin administrator
adminadmin root toor changeme changemenow default secret secretpassword master masterkey shadow sunshine princess
dragon monkey football baseball basketball soccer hockey superman batman spiderman starwars pokemon whatever trustno1
freedom flower summer winter autumn spring michael jennifer jessica ashley charlie daniel thomas jordan hunter ranger
computer internet google facebook instagram linkedin microsoft apple samsung nokia mypassword mysecret ourpassword
parool parool123 salasona salasõna salajane tallinn tartu narva parnu pärnu eesti estonia eestimaa kalevipoeg tuttav
tuttavtuttav saametuttavaks coordinator koordinaator koordinator refugee pagulane ukraine ukraina slavaukraini
пароль йцукен qwerty1 password123 passwort motdepasse contraseña
`
    .split(/\s+/)
    .filter(Boolean)
    .map((p) => p.toLowerCase()),
);
