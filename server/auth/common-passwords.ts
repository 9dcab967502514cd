/**
 * Common passwords of 10+ characters (shorter ones fail the length rule anyway), from the public
 * breach-frequency lists. Compared lower-cased.
 */
export const COMMON_PASSWORDS: ReadonlySet<string> = new Set([
  '1234567890', '0987654321', '12345678910', '123456789a', 'a123456789', '1234567890a', '123456789q',
  'qwertyuiop', 'qwertyuiop1', 'qwertyuiop123', 'asdfghjkl1', 'asdfghjkl123', 'zxcvbnm123', 'zxcvbnm1234',
  'password12', 'password123', 'password1234', 'password12345', 'password!1', 'password1!', 'p@ssw0rd123',
  'passw0rd123', 'passw0rd!!', 'p@ssword123', 'password2024', 'password2025', 'password2026', 'passwordpassword',
  'iloveyou12', 'iloveyou123', 'iloveyou1234', 'iloveyou!!', 'qwerty1234', 'qwerty12345', 'qwerty123456',
  'qwerty123!', '1q2w3e4r5t', '1q2w3e4r5t6y', 'q1w2e3r4t5', 'q1w2e3r4t5y6', '1qaz2wsx3edc', 'zaq12wsxcde3',
  '1qazxsw23edc', 'zaq1zaq1zaq1', 'abcdefghij', 'abcd123456', 'abc1234567', 'abcdef1234', 'abcdefg123',
  'letmein123', 'letmein1234', 'welcome123', 'welcome1234', 'welcome2024', 'welcome2025', 'welcome2026',
  'football123', 'football12', 'baseball123', 'basketball', 'basketball1', 'basketball123', 'princess123',
  'sunshine123', 'sunshine12', 'trustno1234', 'monkey12345', 'dragon12345', 'master12345', 'shadow12345',
  'superman123', 'batman12345', 'starwars123', 'pokemon1234', 'changeme123', 'changeme12', 'administrator',
  'administrator1', 'admin12345', 'admin123456', 'adminadmin', 'adminadmin1', 'rootpassword', 'root123456',
  'computer123', 'internet123', 'whatever123', 'freedom1234', 'michael123', 'jennifer123', 'jordan2323',
  'liverpool1', 'liverpool123', 'chelsea123', 'arsenal123', 'manchester', 'manchester1', 'barcelona1',
  'cristiano7', 'michelle12', 'charlie123', 'ashley1234', 'nicole1234', 'jessica123', 'thomas1234',
  'elizabeth1', 'christopher', 'christopher1', 'alexander1', 'jonathan12', 'samantha12', 'qwertyqwerty',
  'asdfasdfasdf', 'asdfasdf12', '1234qwerasdf', 'qwer1234asdf', '1234abcd!!', 'abcd1234!!', 'p4ssw0rd12',
  'mypassword', 'mypassword1', 'mypassword123', 'secretpassword', 'supersecret', 'supersecret1',
  'letmeinplease', 'iloveyouforever', 'loveyou1234', 'lovelylove', 'football2024', 'summer2024',
  'summer2025', 'summer2026', 'winter2024', 'winter2025', 'spring2025', 'autumn2025', 'december12',
  'september1', 'november11', 'blink182182', 'nirvana123', 'metallica1', 'slipknot666', 'playstation',
  'playstation1', 'playstation2', 'nintendo123', 'minecraft1', 'minecraft123', 'fortnite123', 'roblox1234',
  'hello12345', 'hello123456', 'helloworld', 'helloworld1', 'helloworld123', 'goodluck123', 'trustno1!!',
  'unbelievable', 'sweetheart', 'sweetheart1', 'butterfly1', 'butterfly123', 'chocolate1', 'chocolate123',
  'strawberry', 'strawberry1', 'watermelon', 'pineapple1', 'blueberry1', 'rainbow123', 'flower1234',
  'interview123', 'systemdesign', 'systemdesign1', 'systemdesign123', 'mockinterview', 'interview1',
]);
